/** Semantic search over the catalogue: items similar to an item, items matching a text. */
@Version("1.0.0")
@Export
package org.affinity.api.search;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
