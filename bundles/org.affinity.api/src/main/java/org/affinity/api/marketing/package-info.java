/** Campaigns sent to segments, with holdouts and uplift. */
@Version("1.0.0")
@Export
package org.affinity.api.marketing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
