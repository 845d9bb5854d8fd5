/** Members of a shop: identity, attributes and consent. */
@Version("1.1.0")
@Export
package org.affinity.api.member;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
