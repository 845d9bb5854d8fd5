package org.affinity.karaf.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * Every configuration PID of every built Affinity bundle has metatype, so Karaf's config:edit, the
 * web consoles and the features' generated &lt;config&gt; defaults know its properties.
 */
class MetatypeTest {

    private static final Pattern CONFIGURATION_PID = Pattern.compile("configuration-pid=\"([^\"]+)\"");
    private static final Pattern DESIGNATE = Pattern.compile("<Designate[^>]*\\spid=\"([^\"]+)\"");

    @Test
    void everyConfigurationPidOfEveryBundleHasMetatype() throws IOException {
        List<String> missing = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (Path jar : bundleJars()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Set<String> configured = matches(file, "OSGI-INF/", CONFIGURATION_PID);
                Set<String> designated = matches(file, "OSGI-INF/metatype/", DESIGNATE);
                for (String pids : configured) {
                    for (String pid : pids.split("\\s+")) {
                        checked.add(pid);
                        if (!designated.contains(pid)) {
                            missing.add(pid + " (" + jar.getFileName() + ")");
                        }
                    }
                }
                for (String pid : designated) {
                    assertTrue(pid.startsWith("org.affinity."), "PIDs are named org.affinity.<name>: " + pid);
                }
            }
        }
        System.out.println("configuration PIDs with metatype: " + checked);
        assertFalse(checked.isEmpty(), "no bundle was checked: run ./affinity build first");
        assertTrue(checked.contains("org.affinity.embedding"), "the embedding PID is among them: " + checked);
        assertEquals(List.of(), missing, "configuration PIDs without @ObjectClassDefinition + @Designate");
    }

    /** The jar each bundle project builds (test-only projects included: they have no components). */
    static List<Path> bundleJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> projects = Files.list(KarafTest.ROOT.resolve("bundles"))) {
            for (Path project : projects.sorted().toList()) {
                Path jar = project.resolve("target").resolve(project.getFileName() + ".jar");
                if (!Files.isSymbolicLink(project) && Files.isRegularFile(jar)) {
                    jars.add(jar);
                }
            }
        }
        return jars;
    }

    private static Set<String> matches(JarFile jar, String folder, Pattern pattern) throws IOException {
        Set<String> found = new TreeSet<>();
        for (ZipEntry entry : jar.stream().filter(e -> e.getName().startsWith(folder) && e.getName().endsWith(".xml")
                && e.getName().indexOf('/', folder.length()) < 0).toList()) {
            try (InputStream in = jar.getInputStream(entry)) {
                Matcher matcher = pattern.matcher(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                while (matcher.find()) {
                    found.add(matcher.group(1));
                }
            }
        }
        return found;
    }
}
