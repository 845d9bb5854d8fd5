/** Strategies that learn a model from the store: training on demand, its progress and the model in use. */
@Version("1.0.0")
@Export
package org.affinity.api.training;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
