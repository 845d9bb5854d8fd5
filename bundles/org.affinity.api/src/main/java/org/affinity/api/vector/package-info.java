/** Named collections of vectors with k-nearest-neighbour search. */
@Version("1.0.0")
@Export
package org.affinity.api.vector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
