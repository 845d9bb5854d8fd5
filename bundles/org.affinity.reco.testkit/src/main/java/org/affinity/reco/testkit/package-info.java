/** Test and benchmark support for recommendation strategies. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.affinity.reco.testkit;
