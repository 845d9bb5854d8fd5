/** Member profiles derived from behaviour and text. */
@Version("1.2.0")
@Export
package org.affinity.api.profile;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
