/** Long-running jobs (imports, training, re-embedding, reindexing) and their progress. */
@Version("1.1.0")
@Export
package org.affinity.api.job;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
