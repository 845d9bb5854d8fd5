/** The system of record for members, items and events, and its change notifications. */
@Version("1.1.0")
@Export
package org.affinity.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
