/** API keys and the roles they carry: who may call which part of the API. */
@Version("1.0.0")
@Export
package org.affinity.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
