/** Recommendation strategies and the routed recommendation entry point. */
@Version("1.1.0")
@Export
package org.affinity.api.recommend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
