/** The shared text-embedding model. */
@Version("1.0.0")
@Export
package org.affinity.api.embedding;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
