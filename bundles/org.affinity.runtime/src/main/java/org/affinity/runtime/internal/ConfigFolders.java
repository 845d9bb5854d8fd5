package org.affinity.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the folders that hold configuration readable by the owner only, since configuration holds
 * secrets (the database password): the watched configuration folder ({@value #FILEINSTALL_DIR},
 * created when missing) and ConfigAdmin's own store ({@value #CM_DIR}), where every configuration
 * is written in plain text, however it was given. A configuration file with a password in it that
 * others could read is made owner-only (0600), and the log says so (never what the password is).
 */
@Component
public class ConfigFolders {

    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    static final String CM_DIR = "felix.cm.dir";
    static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFolders.class);

    @Activate
    public ConfigFolders(BundleContext context, @Reference DefaultConfigurations loggingConfigured) {
        for (String property : new String[] {CM_DIR, FILEINSTALL_DIR}) {
            String folder = context.getProperty(property);
            if (folder != null && !folder.isBlank()) {
                // ConfigAdmin made its folder moments ago with the process's umask: no news for the operator.
                protect(Path.of(folder)).forEach(property.equals(CM_DIR) ? LOG::info : LOG::warn);
            }
        }
    }

    /**
     * Creates the folder when missing and makes it and the configuration files in it that hold a
     * secret owner-only.
     *
     * @return warnings for the log: what was changed or could not be
     */
    static List<String> protect(Path folder) {
        List<String> warnings = new ArrayList<>();
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder.toAbsolutePath().getParent());
                if (posix(folder.toAbsolutePath().getParent())) {
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
                } else {
                    Files.createDirectory(folder);
                }
            }
            if (!posix(folder)) {
                return warnings; // no POSIX permissions here (Windows): the folder's ACL is the operator's
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
            if (!permissions.equals(OWNER_ONLY_FOLDER)) {
                Files.setPosixFilePermissions(folder, OWNER_ONLY_FOLDER);
                if (exposed(permissions)) {
                    warnings.add(folder + " holds configuration and was open to others ("
                            + PosixFilePermissions.toString(permissions) + "): made it owner-only (rwx------)");
                }
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(ConfigFolders::configurationFile).toList()) {
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                    if (exposed(mode) && holdsSecret(file)) {
                        Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
                        warnings.add(file + " holds a secret and was readable by others ("
                                + PosixFilePermissions.toString(mode) + "): made it owner-only (rw-------)");
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            warnings.add("could not make " + folder + " owner-only, though it holds configuration: " + e);
        }
        return warnings;
    }

    private static boolean posix(Path folder) {
        return folder.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static boolean exposed(Set<PosixFilePermission> permissions) {
        return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)
                || permissions.contains(PosixFilePermission.GROUP_EXECUTE)
                || permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    private static boolean configurationFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".cfg") || name.endsWith(".config"));
    }

    /** Whether a .cfg/.config file sets a key that names a secret (password, secret, token) to something. */
    static boolean holdsSecret(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        }
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            // .config files quote their values: password="" is empty too
            if (Secrets.secretKey(key) && !value.isEmpty() && !value.equals("\"\"")) {
                return true;
            }
        }
        return false;
    }
}
