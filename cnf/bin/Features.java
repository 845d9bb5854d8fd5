import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Turns features/src/features.xml into Affinity's Karaf features repository (run by ./affinity build
 * after the bundles are built):
 *
 * <pre>
 * features/target/affinity-features.xml      the features, versions filled in from the workspace
 * features/target/repository/                a Maven-layout repository: the features file, our bundles,
 *                                            the third-party bundles, what Karaf's scr/http lack
 * features/target/affinity-VERSION.kar       the same repository as one file for kar:install
 * </pre>
 *
 * Usage: java Features.java ROOT [MAVEN_LOCAL_REPOSITORY]
 */
public class Features {

    static final String GROUP = "org.affinity";
    static final String CENTRAL = System.getenv().getOrDefault("AFFINITY_MAVEN_CENTRAL", "https://repo.maven.apache.org/maven2");

    final Path root;
    final Path m2;
    final Path target;
    final Path repository;
    final String version;
    /** Built Affinity bundles: symbolic name to jar. */
    final Map<String, Path> bundles = new LinkedHashMap<>();
    /** group:artifact to version, from cnf/*.maven. */
    final Map<String, String> maven = new LinkedHashMap<>();
    final List<String> leftOut = new ArrayList<>();

    Features(Path root, Path m2) throws IOException {
        this.root = root;
        this.m2 = m2;
        this.target = root.resolve("features/target");
        this.repository = target.resolve("repository");
        Matcher matcher = Pattern.compile("(?m)^affinity\\.version:\\s*(\\S+)").matcher(Files.readString(root.resolve("bnd.bnd")));
        if (!matcher.find()) {
            throw new IllegalStateException("bnd.bnd has no affinity.version");
        }
        this.version = matcher.group(1);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path m2 = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        new Features(root, m2).generate();
    }

    void generate() throws Exception {
        findBundles();
        readMavenIndexes();
        deleteRecursively(target);
        Files.createDirectories(repository);

        Document document = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(root.resolve("features/src/features.xml").toFile());
        Map<String, Element> features = new LinkedHashMap<>();
        for (Element feature : children(document.getDocumentElement(), "feature")) {
            features.put(feature.getAttribute("name"), feature);
        }
        Set<String> absent = absentFeatures(features);
        for (String name : absent) {
            Element feature = features.remove(name);
            feature.getParentNode().replaceChild(document.createComment(" left out: " + name + " ("
                    + missingReason(feature, absent) + ") "), feature);
        }
        int bundleCount = 0;
        for (Element feature : features.values()) {
            for (Element reference : children(feature, "feature")) {
                if (absent.contains(reference.getTextContent().trim())) {
                    feature.replaceChild(document.createComment(" " + reference.getTextContent().trim()
                            + " left out (not in the workspace yet) "), reference);
                }
            }
            for (Element bundle : bundleElements(feature)) {
                bundle.setTextContent(resolve(bundle.getTextContent().trim()));
                bundleCount++;
            }
            addConfigDefaults(document, feature);
        }
        String xml = serialize(document).replace("@AFFINITY_VERSION@", version);
        Files.writeString(target.resolve("affinity-features.xml"), xml);
        Path featuresFile = artifactPath(GROUP, "affinity-features", version, "features", "xml");
        Files.createDirectories(featuresFile.getParent());
        Files.writeString(featuresFile, xml);

        int prerequisites = copyKarafPrerequisites();
        Path kar = target.resolve("affinity-" + version + ".kar");
        writeKar(kar);
        System.out.printf("features: %d features, %d bundle references, %d Karaf prerequisites -> %s, %s (%d MB)%n",
                features.size(), bundleCount, prerequisites, root.relativize(target.resolve("repository")),
                root.relativize(kar), Files.size(kar) >> 20);
        if (!leftOut.isEmpty()) {
            // One line: these appear by themselves once their bundles are in the workspace.
            System.out.println("features: left out (bundles not in the workspace yet): " + String.join("; ", leftOut));
        }
    }

    // --- Inputs ------------------------------------------------------------------------------------

    /** Every bundle project's built jar, keyed by its Bundle-SymbolicName. */
    void findBundles() throws IOException {
        try (Stream<Path> projects = Files.list(root.resolve("bundles"))) {
            for (Path project : projects.sorted().toList()) {
                Path jar = project.resolve("target").resolve(project.getFileName() + ".jar");
                if (Files.isSymbolicLink(project) || !Files.isRegularFile(jar)) {
                    continue;
                }
                bundles.put(manifest(jar).getValue("Bundle-SymbolicName").split(";")[0].trim(), jar);
            }
        }
    }

    void readMavenIndexes() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("cnf"))) {
            for (Path index : files.filter(f -> f.toString().endsWith(".maven")).sorted().toList()) {
                for (String line : Files.readAllLines(index)) {
                    String[] parts = line.replaceAll("#.*", "").trim().split(":");
                    if (parts.length == 3) {
                        maven.putIfAbsent(parts[0] + ":" + parts[1], parts[2]);
                    }
                }
            }
        }
    }

    // --- Template rules ----------------------------------------------------------------------------

    /**
     * Features left out: those listing an Affinity bundle the workspace does not build, then (to a
     * fixed point) those needing a left-out feature, except aggregates (no bundles of their own).
     */
    Set<String> absentFeatures(Map<String, Element> features) {
        Set<String> absent = new LinkedHashSet<>();
        for (Element feature : features.values()) {
            if (!missingBundles(feature).isEmpty()) {
                absent.add(feature.getAttribute("name"));
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Element feature : features.values()) {
                String name = feature.getAttribute("name");
                if (absent.contains(name) || bundleElements(feature).isEmpty()) {
                    continue;
                }
                for (Element reference : children(feature, "feature")) {
                    if (absent.contains(reference.getTextContent().trim())) {
                        absent.add(name);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return absent;
    }

    List<String> missingBundles(Element feature) {
        List<String> missing = new ArrayList<>();
        for (Element bundle : bundleElements(feature)) {
            String url = bundle.getTextContent().trim();
            if (url.startsWith("mvn:" + GROUP + "/")) {
                String bsn = url.split("/")[1];
                if (!bundles.containsKey(bsn)) {
                    missing.add(bsn);
                }
            }
        }
        return missing;
    }

    String missingReason(Element feature, Set<String> absent) {
        List<String> missing = missingBundles(feature);
        String reason = missing.isEmpty() ? "needs " + children(feature, "feature").stream()
                .map(f -> f.getTextContent().trim()).filter(absent::contains).toList()
                : "bundle " + String.join(", ", missing) + " not in the workspace yet";
        leftOut.add(feature.getAttribute("name") + (missing.isEmpty() ? " (" + reason + ")" : ""));
        return reason;
    }

    /** Fills @VERSION@ and copies the artifact into the repository. */
    String resolve(String url) throws IOException {
        String[] parts = url.substring("mvn:".length()).split("/");
        String group = parts[0];
        String artifact = parts[1];
        String artifactVersion = parts[2];
        Path source;
        if (group.equals(GROUP)) {
            source = bundles.get(artifact);
            Attributes manifest = manifest(source);
            artifactVersion = manifest.getValue("Bundle-Version");
        } else {
            if (artifactVersion.equals("@VERSION@")) {
                artifactVersion = maven.get(group + ":" + artifact);
                if (artifactVersion == null) {
                    throw new IllegalStateException(url + ": no " + group + ":" + artifact + " line in cnf/*.maven");
                }
            }
            source = m2.resolve(group.replace('.', '/')).resolve(artifact).resolve(artifactVersion)
                    .resolve(artifact + "-" + artifactVersion + ".jar");
            if (!Files.isRegularFile(source)) {
                throw new IllegalStateException(url + ": " + source + " is missing (bnd downloads what cnf/*.maven lists)");
            }
        }
        link(source, artifactPath(group, artifact, artifactVersion, null, "jar"));
        return "mvn:" + group + "/" + artifact + "/" + artifactVersion;
    }

    /** A &lt;config&gt; with the metatype defaults of each PID a feature's Affinity bundles designate. */
    void addConfigDefaults(Document document, Element feature) throws IOException {
        Set<String> written = new LinkedHashSet<>();
        for (Element config : children(feature, "config")) {
            written.add(config.getAttribute("name"));
        }
        Node before = children(feature, "bundle").isEmpty() ? null : children(feature, "bundle").get(0);
        for (Element bundle : bundleElements(feature)) {
            String[] parts = bundle.getTextContent().trim().substring("mvn:".length()).split("/");
            if (!parts[0].equals(GROUP)) {
                continue;
            }
            try (JarFile jar = new JarFile(bundles.get(parts[1]).toFile())) {
                Set<String> required = requiredPids(jar);
                for (Map.Entry<String, Map<String, String>> pid : metatypeDefaults(jar).entrySet()) {
                    if (!written.add(pid.getKey())) {
                        continue;
                    }
                    if (required.contains(pid.getKey())) {
                        insert(feature, document.createComment(" PID " + pid.getKey()
                                + ": no defaults, its component waits for a real configuration "), before);
                        continue;
                    }
                    Element config = document.createElement("config");
                    config.setAttribute("name", pid.getKey());
                    StringBuilder text = new StringBuilder("\n");
                    pid.getValue().forEach((key, value) -> text.append("      ").append(key).append(" = ")
                            .append(value).append('\n'));
                    config.setTextContent(text.append("    ").toString());
                    insert(feature, config, before);
                }
            }
        }
    }

    /** Inserts before {@code before}, on a line of its own. */
    static void insert(Element feature, Node node, Node before) {
        feature.insertBefore(node, before);
        feature.insertBefore(feature.getOwnerDocument().createTextNode("\n    "), before);
    }

    /** PID to its attributes' defaults, from OSGI-INF/metatype/*.xml. */
    static Map<String, Map<String, String>> metatypeDefaults(JarFile jar) throws IOException {
        Map<String, Map<String, String>> byOcd = new LinkedHashMap<>();
        Map<String, Map<String, String>> byPid = new LinkedHashMap<>();
        for (Document metatype : xmlEntries(jar, "OSGI-INF/metatype/")) {
            for (Element ocd : elements(metatype, "OCD")) {
                Map<String, String> defaults = new LinkedHashMap<>();
                for (Element ad : elements(ocd, "AD")) {
                    if (!ad.hasAttribute("default")) {
                        continue;
                    }
                    String cardinality = ad.getAttribute("cardinality");
                    if (!cardinality.isEmpty() && !cardinality.equals("0")) {
                        // A .cfg value is one string: "a,b" would reach the component as ONE element
                        // (found by the Karaf test: weights "purchase=1,cart=0.3" parsed as one line).
                        // Left out, the component keeps its own multi-valued default; shown as a comment.
                        defaults.put("# " + ad.getAttribute("id"), "(multi-valued, default: "
                                + ad.getAttribute("default") + ")");
                        continue;
                    }
                    defaults.put(ad.getAttribute("id"), ad.getAttribute("default"));
                }
                byOcd.put(ocd.getAttribute("id"), defaults);
            }
            for (Element designate : elements(metatype, "Designate")) {
                for (Element object : elements(designate, "Object")) {
                    byPid.put(designate.getAttribute("pid"), byOcd.getOrDefault(object.getAttribute("ocdref"), Map.of()));
                }
            }
        }
        return byPid;
    }

    /** PIDs of components with configuration-policy="require". */
    static Set<String> requiredPids(JarFile jar) throws IOException {
        Set<String> pids = new LinkedHashSet<>();
        for (Document component : xmlEntries(jar, "OSGI-INF/")) {
            for (Element element : elements(component, "component")) {
                if ("require".equals(element.getAttribute("configuration-policy"))) {
                    String pid = element.getAttribute("configuration-pid");
                    pids.addAll(List.of((pid.isEmpty() ? element.getAttribute("name") : pid).split("\\s+")));
                }
            }
        }
        return pids;
    }

    // --- Karaf's own prerequisites -----------------------------------------------------------------

    /** Copies (downloading once, SHA-256 checked) what features/karaf-prerequisites.txt lists. */
    int copyKarafPrerequisites() throws Exception {
        int count = 0;
        HttpClient client = null;
        for (String line : Files.readAllLines(root.resolve("features/karaf-prerequisites.txt"))) {
            line = line.replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String[] gav = fields[0].split(":");
            String group = gav[0];
            String artifact = gav[1];
            String type = gav.length == 5 ? gav[2] : "jar";
            String classifier = gav.length == 5 ? gav[3] : null;
            String artifactVersion = gav[gav.length - 1];
            Path relative = Path.of(group.replace('.', '/'), artifact, artifactVersion, artifact + "-" + artifactVersion
                    + (classifier == null ? "" : "-" + classifier) + "." + type);
            Path cached = m2.resolve(relative);
            if (!Files.isRegularFile(cached) || !sha256(cached).equals(fields[1])) {
                client = client == null ? HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build() : client;
                download(client, CENTRAL + "/" + relative.toString().replace('\\', '/'), cached, fields[1]);
            }
            link(cached, repository.resolve(relative));
            count++;
        }
        return count;
    }

    static void download(HttpClient client, String url, Path file, String expected) throws Exception {
        System.out.println("features: downloading " + url);
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        HttpResponse<Path> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofFile(part));
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        String actual = sha256(part);
        if (!actual.equals(expected)) {
            Files.delete(part);
            throw new IOException("checksum mismatch for " + url + ": expected " + expected + ", got " + actual);
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
    }

    // --- Output ------------------------------------------------------------------------------------

    /** A KAR is the repository in a zip under repository/; features are not started on install. */
    void writeKar(Path kar) throws IOException {
        try (OutputStream file = Files.newOutputStream(kar); ZipOutputStream zip = new ZipOutputStream(file);
                Stream<Path> files = Files.walk(repository)) {
            zip.setLevel(0); // one streaming pass: models and native libraries are compressed already
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().putValue("Karaf-Feature-Start", "false");
            zip.putNextEntry(entry("META-INF/MANIFEST.MF"));
            manifest.write(zip);
            zip.closeEntry();
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(entry("repository/" + repository.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, zip);
                zip.closeEntry();
            }
        }
    }

    static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0); // reproducible
        return entry;
    }

    Path artifactPath(String group, String artifact, String artifactVersion, String classifier, String type) {
        return repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(artifactVersion)
                .resolve(artifact + "-" + artifactVersion + (classifier == null ? "" : "-" + classifier) + "." + type);
    }

    /** Hard link when possible (the models are ~100 MB each), else a copy. */
    static void link(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target);
        }
    }

    // --- Small helpers -----------------------------------------------------------------------------

    static Attributes manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes();
        }
    }

    static List<Document> xmlEntries(JarFile jar, String folder) throws IOException {
        List<Document> documents = new ArrayList<>();
        for (ZipEntry entry : jar.stream().filter(e -> e.getName().startsWith(folder) && e.getName().endsWith(".xml")
                && e.getName().indexOf('/', folder.length()) < 0).toList()) {
            try (InputStream in = jar.getInputStream(entry)) {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
                factory.setNamespaceAware(true);
                documents.add(factory.newDocumentBuilder().parse(in));
            } catch (Exception e) {
                throw new IOException(jar.getName() + "!" + entry.getName() + ": " + e.getMessage(), e);
            }
        }
        return documents;
    }

    static List<Element> elements(Node parent, String localName) {
        NodeList nodes = parent instanceof Document d ? d.getElementsByTagNameNS("*", localName)
                : ((Element) parent).getElementsByTagNameNS("*", localName);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    /** A feature's bundles, those inside &lt;conditional&gt; included. */
    static List<Element> bundleElements(Element feature) {
        NodeList nodes = feature.getElementsByTagName("bundle");
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> list = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                list.add(element);
            }
        }
        return list;
    }

    static String serialize(Document document) throws Exception {
        var transformer = TransformerFactory.newDefaultInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        // The serializer runs the declaration into the first comment; keep them apart.
        return out.toString().replaceFirst("\\?><!--", "?>\n<!--") + "\n";
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
