/** Precision marketing: audiences, campaigns, personalised content, holdouts, uplift and simulation on history. */
@Version("2.0.0")
@Export
package org.affinity.api.marketing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
