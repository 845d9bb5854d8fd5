/** Behaviour events: what a member did, with which item, when. */
@Version("1.0.0")
@Export
package org.affinity.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
