import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Adds up the JUnit XML reports (TEST-*.xml) under the given folders, lists every failed test with
 * its message, and prints one line: "N passed, N failed, N skipped". Exits 1 when a test failed,
 * when no test ran, or when a suite that was expected reported nothing.
 * Usage: java TestSummary.java REPORT_DIR...
 */
public class TestSummary {

    public static void main(String[] args) throws Exception {
        int tests = 0;
        int failed = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String dir : args) {
            List<Path> reports = reports(Path.of(dir));
            if (reports.isEmpty()) {
                missing.add(dir);
            }
            for (Path report : reports) {
                Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
                NodeList cases = doc.getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element testcase = (Element) cases.item(i);
                    tests++;
                    String name = testcase.getAttribute("classname") + "." + testcase.getAttribute("name");
                    Element problem = first(testcase, "failure");
                    if (problem == null) {
                        problem = first(testcase, "error");
                    }
                    if (problem != null) {
                        failed++;
                        String message = problem.getAttribute("message");
                        failures.add(name + (message.isEmpty() ? "" : ": " + firstLine(message)));
                    } else if (first(testcase, "skipped") != null) {
                        skipped++;
                    }
                }
            }
        }
        for (String failure : failures) {
            System.out.println("FAILED " + failure);
        }
        for (String dir : missing) {
            System.out.println("NO REPORT in " + dir + " (the tests there did not run)");
        }
        int passed = tests - failed - skipped;
        System.out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        System.exit(failed > 0 || tests == 0 || !missing.isEmpty() ? 1 : 0);
    }

    private static List<Path> reports(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith("TEST-") && name.endsWith(".xml");
            }).sorted().toList();
        }
    }

    private static Element first(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
