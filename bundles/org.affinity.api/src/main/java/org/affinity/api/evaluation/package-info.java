/** Offline evaluation of recommendation strategies on the store's data (holdouts and ranking metrics). */
@Version("1.3.0")
@Export
package org.affinity.api.evaluation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
