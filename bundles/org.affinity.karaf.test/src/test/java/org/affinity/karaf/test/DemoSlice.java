package org.affinity.karaf.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.GZIPInputStream;

/**
 * The first rows of the Online Retail file the demo bundle ships (real orders, small enough to import
 * in seconds), and the customer with the most rows among them.
 */
record DemoSlice(Path file, String busiestMember) {

    static final Path DEMO_JAR = KarafTest.ROOT.resolve("bundles/org.affinity.demo/target/org.affinity.demo.jar");

    static DemoSlice write(Path file, int rows) throws IOException {
        Map<String, Integer> rowsByCustomer = new HashMap<>();
        try (JarFile jar = new JarFile(DEMO_JAR.toFile());
                BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                        jar.getInputStream(jar.getEntry("data/online-retail.csv.gz"))), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(file)) {
            String header = in.readLine();
            out.write(header + "\n");
            int customerColumn = java.util.List.of(header.split(",")).indexOf("CustomerID");
            String line;
            for (int row = 0; row < rows && (line = in.readLine()) != null; row++) {
                out.write(line + "\n");
                String[] fields = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
                if (fields.length > customerColumn && !fields[customerColumn].isBlank()) {
                    rowsByCustomer.merge(fields[customerColumn].trim().replaceAll("\\.0$", ""), 1, Integer::sum);
                }
            }
        }
        String busiest = rowsByCustomer.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return new DemoSlice(file, busiest);
    }
}
