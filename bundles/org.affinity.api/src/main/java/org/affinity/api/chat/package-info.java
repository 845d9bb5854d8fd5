/** Customer-service conversations that know the member. */
@Version("1.0.0")
@Export
package org.affinity.api.chat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
