/**
 * Customer-service chat that knows the member: intent classification ({@link IntentClassifier}),
 * the knowledge base ({@link Knowledge}), sessions with member-aware answers and handoff to people
 * ({@link Chat}), and optional generative phrasing ({@link LanguageModel}).
 */
@Version("2.1.0")
@Export
package org.affinity.api.chat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
