/** Loading members, items and events from files and streams, with per-line rejection reports. */
@Version("1.1.0")
@Export
package org.affinity.api.ingest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
