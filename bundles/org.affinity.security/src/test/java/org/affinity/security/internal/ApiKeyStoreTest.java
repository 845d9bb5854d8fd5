package org.affinity.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.affinity.api.security.ApiKey;
import org.affinity.api.security.ApiKeys;
import org.affinity.api.security.CreatedKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyStoreTest {

    @TempDir
    Path folder;

    @Test
    void aFirstStartMakesOneAdminKeyThatOnlyItsOwnerCanRead() throws IOException {
        new ApiKeyStore(folder, true);
        Path file = folder.resolve("admin.key");
        String token = Files.readString(file).strip();
        assertTrue(token.matches("aff_[a-z2-7]{10}_[A-Za-z0-9_-]{43}"), token);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("keys.json"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));

        ApiKeyStore again = new ApiKeyStore(folder, true);
        assertEquals(1, again.list().size(), "a restart makes no second key");
        ApiKey admin = again.verify(token).orElseThrow();
        assertTrue(admin.allows(ApiKeys.ADMIN) && admin.allows(ApiKeys.READ) && admin.allows(ApiKeys.INGEST));
        assertFalse(Files.readString(folder.resolve("keys.json")).contains(token.substring(15)),
                "keys.json holds no secret");
    }

    @Test
    void keysVerifyOnlyWithTheirOwnSecretAndRoles() throws IOException {
        ApiKeyStore keys = new ApiKeyStore(folder, false);
        assertTrue(keys.list().isEmpty());
        CreatedKey reader = keys.create("dashboard", Set.of(ApiKeys.READ), null);
        ApiKey key = keys.verify(reader.token()).orElseThrow();
        assertTrue(key.allows(ApiKeys.READ));
        assertFalse(key.allows(ApiKeys.ADMIN));
        assertFalse(key.allows(ApiKeys.INGEST));

        String token = reader.token();
        char last = token.charAt(token.length() - 1);
        String wrong = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertTrue(keys.verify(wrong).isEmpty(), "a changed secret");
        assertTrue(keys.verify("aff_aaaaaaaaaa_" + token.substring(15)).isEmpty(), "another id");
        assertTrue(keys.verify("Bearer " + token).isEmpty());
        assertTrue(keys.verify("").isEmpty());
        assertFalse(reader.toString().contains(token.substring(15)), "toString hides the secret");
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndAfterARestart() throws IOException {
        ApiKeyStore keys = new ApiKeyStore(folder, false);
        CreatedKey shop = keys.create("shop", Set.of(ApiKeys.INGEST, ApiKeys.READ), null);
        assertTrue(keys.revoke(shop.key().id()));
        assertTrue(keys.verify(shop.token()).isEmpty());
        assertFalse(keys.revoke(shop.key().id()), "revoked already");
        assertTrue(new ApiKeyStore(folder, false).verify(shop.token()).isEmpty());
        assertTrue(keys.get(shop.key().id()).orElseThrow().revoked() != null);
    }

    @Test
    void anExpiredKeyIsRefused() throws IOException {
        ApiKeyStore keys = new ApiKeyStore(folder, false);
        CreatedKey soon = keys.create("temporary", Set.of(ApiKeys.READ), Instant.now().plus(1, ChronoUnit.DAYS));
        assertTrue(keys.verify(soon.token()).isPresent());
        // the same key, a day later: rewrite its stored expiry into the past
        KeyFile file = new KeyFile(folder);
        List<KeyFile.Stored> stored = file.read().stream().map(k -> new KeyFile.Stored(k.id(), k.name(), k.roles(),
                k.created(), Instant.now().minusSeconds(1), k.revoked(), k.hash())).toList();
        file.write(stored);
        assertTrue(new ApiKeyStore(folder, false).verify(soon.token()).isEmpty());
    }

    @Test
    void badKeyRequestsAreRefusedNamingTheProblem() throws IOException {
        ApiKeyStore keys = new ApiKeyStore(folder, false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.create("x", Set.of("root"), null))
                .getMessage().contains("unknown role 'root'"));
        assertThrows(IllegalArgumentException.class, () -> keys.create(" ", Set.of(ApiKeys.READ), null));
        assertThrows(IllegalArgumentException.class, () -> keys.create("x", Set.of(), null));
        assertThrows(IllegalArgumentException.class, () -> keys.create("x", Set.of(ApiKeys.READ), Instant.now().minusSeconds(5)));
        assertTrue(keys.list().isEmpty(), "nothing was created");
    }

    @Test
    void tokensAreRandomAndOfFullStrength() throws IOException {
        ApiKeyStore keys = new ApiKeyStore(folder, false);
        String a = keys.create("a", Set.of(ApiKeys.READ), null).token();
        String b = keys.create("b", Set.of(ApiKeys.READ), null).token();
        assertFalse(a.substring(15).equals(b.substring(15)));
        assertEquals(32, java.util.Base64.getUrlDecoder().decode(a.substring(15)).length, "256 random bits");
    }
}
