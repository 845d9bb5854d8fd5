package org.affinity.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * affinity:config - the configurations (ConfigAdmin PIDs) described by their metatype: list them,
 * show one, set or unset a property, delete one. The same store that a .cfg file in the
 * configuration folder, Karaf's config:* and the REST API change. Values are checked against the
 * metatype (type, range, options) before anything is written. A password attribute is never
 * printed, only whether it is set, and can be read from a file so that it is typed nowhere.
 */
@Component(service = ConfigCommand.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=config"})
public class ConfigCommand {

    static final String HIDDEN = "(set, not shown)";
    private static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");

    /** A PID with its metatype and the bundle that declares it. */
    record Described(String pid, ObjectClassDefinition definition, String bundle) {
    }

    private final ConfigurationAdmin configurations;
    private final Supplier<Map<String, Described>> catalogue;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MetaTypeService metatype;

    @Activate
    public ConfigCommand(BundleContext context, @Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
        this.catalogue = () -> described(context, metatype);
    }

    /** For tests: the metatype as a map. */
    ConfigCommand(ConfigurationAdmin configurations, Supplier<Map<String, Described>> catalogue) {
        this.configurations = configurations;
        this.catalogue = catalogue;
    }

    @Descriptor("list the configurable PIDs (with metatype) and every configured one, with where their settings come from")
    public void config() throws IOException, InvalidSyntaxException {
        list(System.out);
    }

    @Descriptor("config list | config show <pid> | config set <pid> <key> <value>... | config set <pid> <key> --file <path> "
            + "| config unset <pid> <key>... | config delete <pid>; e.g. affinity:config set org.affinity.store.postgresql "
            + "url jdbc:postgresql://db:5432/affinity, affinity:config set org.affinity.store.postgresql password --file "
            + "/run/secrets/db (passwords are never shown)")
    public void config(@Descriptor("list | show | set | unset | delete") String action,
            @Descriptor("the PID, then the key and values (set) or keys (unset)") String... arguments)
            throws IOException, InvalidSyntaxException {
        PrintStream out = System.out;
        List<String> args = List.of(arguments);
        switch (action) {
            case "list" -> list(out);
            case "show" -> show(one(args, "show <pid>"), out);
            case "set" -> {
                if (args.size() < 3) {
                    throw new IllegalArgumentException("usage: affinity:config set <pid> <key> <value>... "
                            + "(or --file <path> for a value kept in a file, e.g. a password)");
                }
                set(args.get(0), args.get(1), args.subList(2, args.size()), out);
            }
            case "unset" -> {
                if (args.size() < 2) {
                    throw new IllegalArgumentException("usage: affinity:config unset <pid> <key>...");
                }
                unset(args.get(0), args.subList(1, args.size()), out);
            }
            case "delete" -> delete(one(args, "delete <pid>"), out);
            default -> throw new IllegalArgumentException("unknown action '" + action
                    + "': use list, show, set, unset or delete");
        }
    }

    private static String one(List<String> args, String usage) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("usage: affinity:config " + usage);
        }
        return args.get(0);
    }

    // --- list and show ---------------------------------------------------------------------------

    void list(PrintStream out) throws IOException, InvalidSyntaxException {
        Map<String, Described> described = catalogue.get();
        Map<String, Dictionary<String, Object>> configured = configured();
        TreeSet<String> pids = new TreeSet<>(described.keySet());
        pids.addAll(configured.keySet());
        out.printf("%-40s %-24s %s%n", "PID", "settings from", "what");
        for (String pid : pids) {
            Described description = described.get(pid);
            out.printf("%-40s %-24s %s%n", pid, source(configured.get(pid)),
                    description == null ? "(no metatype)" : description.definition().getName());
        }
        if (described.isEmpty()) {
            out.println("(no metatype service: PIDs are listed without their descriptions)");
        }
    }

    void show(String pid, PrintStream out) throws IOException, InvalidSyntaxException {
        Described description = catalogue.get().get(pid);
        Dictionary<String, Object> properties = configured().get(pid);
        if (description == null && properties == null) {
            throw new IllegalArgumentException("no PID '" + pid + "': neither configured nor described by a metatype "
                    + "(affinity:config list shows them)");
        }
        if (description != null) {
            out.printf("%s - %s (%s)%n", pid, description.definition().getName(), description.bundle());
            if (description.definition().getDescription() != null) {
                out.println("  " + description.definition().getDescription());
            }
        } else {
            out.println(pid + " (no metatype: types and ranges unknown)");
        }
        out.println("  settings from: " + source(properties));
        TreeSet<String> shown = new TreeSet<>();
        for (AttributeDefinition attribute : attributes(description)) {
            String key = attribute.getID();
            shown.add(key);
            Object value = properties == null ? null : properties.get(key);
            String text = value != null ? display(key, value, description)
                    : attribute.getDefaultValue() == null ? "(not set)"
                    : (attribute.getType() == AttributeDefinition.PASSWORD ? "(default)"
                            : String.join(",", attribute.getDefaultValue()) + " (default)");
            out.printf("  %-22s = %-40s %s%s%n", key, text, attribute.getName(), range(attribute));
        }
        if (properties != null) {
            for (String key : new TreeSet<>(Collections.list(properties.keys()))) {
                if (!shown.contains(key) && !internal(key)) {
                    out.printf("  %-22s = %-40s %s%n", key, display(key, properties.get(key), description),
                            description == null ? "" : "(not in the metatype)");
                }
            }
        }
    }

    // --- changes ---------------------------------------------------------------------------------

    void set(String pid, String key, List<String> values, PrintStream out) throws IOException, InvalidSyntaxException {
        Described description = catalogue.get().get(pid);
        AttributeDefinition attribute = attribute(description, key);
        List<String> given = values;
        boolean fromFile = values.get(0).equals("--file") || values.get(0).equals("-f");
        if (fromFile) {
            if (values.size() != 2) {
                throw new IllegalArgumentException("usage: affinity:config set <pid> <key> --file <path>");
            }
            Path file = Path.of(values.get(1));
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file.toAbsolutePath());
            }
            // As `echo secret > file` writes it: the line's end is not part of the value.
            given = List.of(Files.readString(file).replaceFirst("\r?\n$", ""));
        }
        Object value = convert(pid, key, attribute, given);
        Configuration configuration = configurations.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Dictionary<String, Object> changed = properties == null ? new Hashtable<>() : copy(properties);
        Object before = changed.get(key);
        changed.put(key, value);
        configuration.update(changed);
        boolean secret = secret(key, description);
        out.printf("%s: %s = %s%s%s%n", pid, key, secret ? HIDDEN : display(key, value, description),
                secret || before == null ? "" : " (was " + display(key, before, description) + ")",
                fromFile ? " (read from " + values.get(1) + ")" : "");
        writtenBack(properties, out);
    }

    void unset(String pid, List<String> keys, PrintStream out) throws IOException, InvalidSyntaxException {
        Configuration configuration = existing(pid);
        Dictionary<String, Object> changed = copy(configuration.getProperties());
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            if (changed.remove(key) == null) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(pid + " has no " + String.join(", ", missing) + " set (affinity:config show "
                    + pid + ")");
        }
        configuration.update(changed);
        out.printf("%s: %s unset (the default applies)%n", pid, String.join(", ", keys));
        writtenBack(configuration.getProperties(), out);
    }

    void delete(String pid, PrintStream out) throws IOException, InvalidSyntaxException {
        Configuration configuration = existing(pid);
        Object file = configuration.getProperties().get(FILEINSTALL_FILENAME);
        configuration.delete();
        out.printf("%s: configuration deleted%s%n", pid, file == null ? ""
                : " (" + path(file) + " configures it again at the next start, or when it changes: delete the file to keep it gone)");
    }

    private Configuration existing(String pid) throws IOException, InvalidSyntaxException {
        Configuration[] found = configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
        if (found == null || found.length == 0 || found[0].getProperties() == null) {
            throw new IllegalArgumentException(pid + " is not configured (affinity:config list shows what is)");
        }
        return found[0];
    }

    private static void writtenBack(Dictionary<String, Object> properties, PrintStream out) {
        Object file = properties == null ? null : properties.get(FILEINSTALL_FILENAME);
        if (file != null) {
            out.println("  (" + path(file) + " configures this PID: the change applies now, the file wins again at the "
                    + "next start; edit the file to keep it)");
        }
    }

    /** The value as the metatype types it: checked against type, range and options. */
    static Object convert(String pid, String key, AttributeDefinition attribute, List<String> values) {
        if (attribute == null) {
            return values.size() == 1 ? values.get(0) : values.toArray(new String[0]);
        }
        List<String> items = new ArrayList<>();
        for (String value : values) {
            if (attribute.getCardinality() == 0) {
                items.add(value);
            } else {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        items.add(part.trim());
                    }
                }
            }
        }
        if (attribute.getCardinality() == 0 && items.size() != 1) {
            throw new IllegalArgumentException(pid + ": " + key + " takes one value, got " + items.size());
        }
        Class<?> type = javaType(attribute.getType());
        Object array = Array.newInstance(type, items.size());
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            String[] options = attribute.getOptionValues();
            if (options != null && options.length > 0 && !Arrays.asList(options).contains(item)) {
                throw new IllegalArgumentException(pid + ": " + key + " must be one of " + String.join(", ", options)
                        + ", was '" + item + "'");
            }
            Object parsed = parse(pid, key, attribute, item, type);
            String problem = attribute.validate(item);
            if (problem != null && !problem.isEmpty()) {
                throw new IllegalArgumentException(pid + ": " + key + " " + (attribute.getType() == AttributeDefinition.PASSWORD
                        ? "is not valid" : "'" + item + "' is not valid") + ": " + problem);
            }
            Array.set(array, i, parsed);
        }
        return attribute.getCardinality() == 0 ? Array.get(array, 0) : array;
    }

    private static Object parse(String pid, String key, AttributeDefinition attribute, String item, Class<?> type) {
        try {
            return switch (attribute.getType()) {
                case AttributeDefinition.LONG -> Long.valueOf(item);
                case AttributeDefinition.INTEGER -> Integer.valueOf(item);
                case AttributeDefinition.SHORT -> Short.valueOf(item);
                case AttributeDefinition.BYTE -> Byte.valueOf(item);
                case AttributeDefinition.DOUBLE -> Double.valueOf(item);
                case AttributeDefinition.FLOAT -> Float.valueOf(item);
                case AttributeDefinition.BIGINTEGER -> new BigInteger(item);
                case AttributeDefinition.BIGDECIMAL -> new BigDecimal(item);
                case AttributeDefinition.CHARACTER -> {
                    if (item.length() != 1) {
                        throw new NumberFormatException();
                    }
                    yield item.charAt(0);
                }
                case AttributeDefinition.BOOLEAN -> {
                    if (!item.equalsIgnoreCase("true") && !item.equalsIgnoreCase("false")) {
                        throw new NumberFormatException();
                    }
                    yield Boolean.valueOf(item);
                }
                default -> item;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(pid + ": " + key + " must be " + (type == Boolean.class ? "true or false"
                    : "a " + type.getSimpleName()) + ", was '" + item + "'");
        }
    }

    private static Class<?> javaType(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.SHORT -> Short.class;
            case AttributeDefinition.BYTE -> Byte.class;
            case AttributeDefinition.DOUBLE -> Double.class;
            case AttributeDefinition.FLOAT -> Float.class;
            case AttributeDefinition.BIGINTEGER -> BigInteger.class;
            case AttributeDefinition.BIGDECIMAL -> BigDecimal.class;
            case AttributeDefinition.CHARACTER -> Character.class;
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            default -> String.class;
        };
    }

    // --- reading ---------------------------------------------------------------------------------

    private static AttributeDefinition attribute(Described description, String key) {
        if (description == null) {
            return null; // no metatype: taken as text
        }
        List<String> known = new ArrayList<>();
        for (AttributeDefinition attribute : attributes(description)) {
            if (attribute.getID().equals(key)) {
                return attribute;
            }
            known.add(attribute.getID());
        }
        throw new IllegalArgumentException(description.pid() + " has no property '" + key + "'; it has: "
                + String.join(", ", known));
    }

    private static List<AttributeDefinition> attributes(Described description) {
        if (description == null) {
            return List.of();
        }
        AttributeDefinition[] all = description.definition().getAttributeDefinitions(ObjectClassDefinition.ALL);
        return all == null ? List.of() : List.of(all);
    }

    /** Whether a key holds a secret: a PASSWORD attribute, or (without metatype) a key that names one. */
    static boolean secret(String key, Described description) {
        for (AttributeDefinition attribute : attributes(description)) {
            if (attribute.getID().equals(key)) {
                return attribute.getType() == AttributeDefinition.PASSWORD;
            }
        }
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token");
    }

    /** A value as it may be shown: secrets hidden, a password inside a URL masked. */
    static String display(String key, Object value, Described description) {
        if (secret(key, description)) {
            return HIDDEN;
        }
        String text = value.getClass().isArray() ? Arrays.deepToString(toObjects(value)) : String.valueOf(value);
        return PASSWORD_PARAMETER.matcher(text).replaceAll("$1********");
    }

    private static Object[] toObjects(Object array) {
        Object[] objects = new Object[Array.getLength(array)];
        for (int i = 0; i < objects.length; i++) {
            objects[i] = Array.get(array, i);
        }
        return objects;
    }

    private static String range(AttributeDefinition attribute) {
        String[] options = attribute.getOptionValues();
        String described = attribute.getDescription() == null || attribute.getDescription().isBlank() ? ""
                : ": " + attribute.getDescription();
        if (options != null && options.length > 0) {
            return described + " [" + String.join("|", options) + "]";
        }
        return described;
    }

    /** Where a configuration's settings come from. */
    static String source(Dictionary<String, Object> properties) {
        if (properties == null) {
            return "defaults";
        }
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file != null) {
            return "file " + path(file).getFileName();
        }
        if ("environment".equals(properties.get(".affinity.source"))) {
            return "environment";
        }
        return "ConfigAdmin";
    }

    private static Path path(Object fileInstallName) {
        String name = fileInstallName.toString();
        return name.startsWith("file:") ? Path.of(URI.create(name)) : Path.of(name);
    }

    private static boolean internal(String key) {
        return key.startsWith(".") || key.equals(Constants.SERVICE_PID) || key.equals(FILEINSTALL_FILENAME)
                || key.equals("service.factoryPid");
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (String key : Collections.list(properties.keys())) {
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    private Map<String, Dictionary<String, Object>> configured() throws IOException, InvalidSyntaxException {
        Map<String, Dictionary<String, Object>> configured = new TreeMap<>();
        Configuration[] all = configurations.listConfigurations(null);
        for (Configuration configuration : all == null ? new Configuration[0] : all) {
            if (configuration.getProperties() != null) {
                configured.put(configuration.getPid(), configuration.getProperties());
            }
        }
        return configured;
    }

    /** Every PID some bundle describes with a metatype (singletons; factory PIDs are not set here). */
    private static Map<String, Described> described(BundleContext context, MetaTypeService metatype) {
        Map<String, Described> described = new TreeMap<>();
        if (metatype == null) {
            return described;
        }
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation information = metatype.getMetaTypeInformation(bundle);
            if (information == null) {
                continue;
            }
            for (String pid : information.getPids()) {
                try {
                    described.put(pid, new Described(pid, information.getObjectClassDefinition(pid, null),
                            bundle.getSymbolicName()));
                } catch (IllegalArgumentException e) {
                    // a PID listed without a definition in the default locale: nothing to describe
                }
            }
        }
        return described;
    }
}
