/** The shared text-embedding model and the catalogue of installed models. */
@Version("1.3.0")
@Export
package org.affinity.api.embedding;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
