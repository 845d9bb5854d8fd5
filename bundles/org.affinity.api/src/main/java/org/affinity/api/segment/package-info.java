/** Segments: named sets of members defined by RFM class, rule or likeness. */
@Version("1.0.0")
@Export
package org.affinity.api.segment;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
