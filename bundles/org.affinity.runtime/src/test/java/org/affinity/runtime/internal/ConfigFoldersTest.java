package org.affinity.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFoldersTest {

    @TempDir
    Path parent;

    @Test
    void theFolderIsCreatedOwnerOnlyAndFilesWithAPasswordAreMadeOwnerOnly() throws Exception {
        Path folder = parent.resolve("etc");
        assertEquals(List.of(), ConfigFolders.protect(folder), "a new folder is simply made owner-only");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));

        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = folder.resolve("org.affinity.store.postgresql.cfg");
        Files.writeString(database, "url = jdbc:postgresql://db/shop\npassword = s3cret\n");
        Path model = folder.resolve("org.affinity.embedding.cfg");
        Files.writeString(model, "model = all-minilm-l6-v2\n");
        Path typed = folder.resolve("org.example.config");
        Files.writeString(typed, "password=\"\"\n");
        for (Path file : List.of(database, model, typed)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        List<String> warnings = ConfigFolders.protect(folder);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("was open to others (rwxr-xr-x): made it owner-only"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith(database + " holds a secret and was readable by others"), warnings.get(1));
        assertFalse(String.join("\n", warnings).contains("s3cret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(database)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(model)), "no secret in it");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(typed)), "an empty password");
        assertEquals(List.of(), ConfigFolders.protect(folder), "nothing left to change");
    }
}
