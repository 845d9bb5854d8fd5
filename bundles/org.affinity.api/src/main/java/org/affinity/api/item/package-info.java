/** Items of the catalogue. */
@Version("1.1.0")
@Export
package org.affinity.api.item;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
