/** Test and benchmark support for anything built on the store: an in-memory Store and its contract checks. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.affinity.store.testkit;
