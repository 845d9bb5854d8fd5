package org.affinity.security.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.affinity.api.security.ApiKey;
import org.affinity.api.security.ApiKeys;
import org.affinity.api.security.CreatedKey;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ApiKeys} service. A token is {@code aff_<id>_<secret>}: the id (10 random base32
 * characters) names the key in lists and logs; the secret (32 random bytes, base64url) is never
 * stored, only its SHA-256 hash, which {@link #verify} compares in constant time (an unknown id is
 * compared against a dummy hash, so timing tells nothing either).
 */
@Component(service = ApiKeys.class, configurationPid = "org.affinity.security", immediate = true)
@Designate(ocd = SecurityConfig.class)
public class ApiKeyStore implements ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN = Pattern.compile("aff_([a-z2-7]{10})_([A-Za-z0-9_-]{43})");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final byte[] DUMMY = sha256("no key has this secret");
    static final String FIRST_KEY_FILE = "admin.key";

    private final KeyFile file;
    // guarded by this
    private final Map<String, KeyFile.Stored> keys = new LinkedHashMap<>();

    @Activate
    public ApiKeyStore(BundleContext context, SecurityConfig config) throws IOException {
        this(Path.of(data(context), "security"), config.first_admin_key());
    }

    ApiKeyStore(Path folder, boolean firstAdminKey) throws IOException {
        this.file = new KeyFile(folder);
        for (KeyFile.Stored stored : file.read()) {
            keys.put(stored.id(), stored);
        }
        if (keys.isEmpty() && firstAdminKey) {
            CreatedKey first = create("first admin key", Set.of(ADMIN), null);
            Path where = folder.resolve(FIRST_KEY_FILE);
            file.writePrivate(where, first.token() + "\n");
            LOG.warn("No API key existed: created admin key {} and wrote it to {} (readable by its owner only; "
                    + "`./affinity key` prints it). Every API call needs a key: Authorization: Bearer <key>.",
                    first.key().id(), where.toAbsolutePath());
        }
        LOG.info("API keys: {} ({} valid)", keys.size(), list().stream().filter(k -> k.valid(Instant.now())).count());
    }

    private static String data(BundleContext context) {
        String data = context.getProperty("affinity.data");
        return data == null ? "var" : data;
    }

    @Override
    public synchronized CreatedKey create(String name, Set<String> roles, Instant expires) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a key needs a name of 1 to 100 characters (what it is for)");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one role: " + new TreeSet<>(ROLES));
        }
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "': use " + new TreeSet<>(ROLES));
            }
        }
        Instant now = Instant.now();
        if (expires != null && !expires.isAfter(now)) {
            throw new IllegalArgumentException("expiry " + expires + " is not in the future");
        }
        String id;
        do {
            id = randomId();
        } while (keys.containsKey(id));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        KeyFile.Stored stored = new KeyFile.Stored(id, name.strip(), new TreeSet<>(roles), now, expires, null,
                HexFormat.of().formatHex(sha256(encoded)));
        keys.put(id, stored);
        save();
        LOG.info("API key {} '{}' created with roles {}{}", id, stored.name(), stored.roles(),
                expires == null ? "" : ", expires " + expires);
        return new CreatedKey(key(stored), "aff_" + id + "_" + encoded);
    }

    @Override
    public synchronized List<ApiKey> list() {
        List<ApiKey> list = new ArrayList<>();
        keys.values().forEach(k -> list.add(key(k)));
        return list;
    }

    @Override
    public synchronized Optional<ApiKey> get(String id) {
        return Optional.ofNullable(keys.get(id)).map(ApiKeyStore::key);
    }

    @Override
    public synchronized boolean revoke(String id) {
        KeyFile.Stored stored = keys.get(id);
        if (stored == null || stored.revoked() != null) {
            return false;
        }
        keys.put(id, new KeyFile.Stored(stored.id(), stored.name(), stored.roles(), stored.created(), stored.expires(),
                Instant.now(), stored.hash()));
        save();
        LOG.info("API key {} '{}' revoked", id, stored.name());
        return true;
    }

    @Override
    public Optional<ApiKey> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher matcher = TOKEN.matcher(token.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        KeyFile.Stored stored;
        synchronized (this) {
            stored = keys.get(matcher.group(1));
        }
        byte[] presented = sha256(matcher.group(2));
        byte[] expected = stored == null ? DUMMY : HexFormat.of().parseHex(stored.hash());
        boolean matches = MessageDigest.isEqual(presented, expected);
        if (stored == null || !matches) {
            return Optional.empty();
        }
        ApiKey key = key(stored);
        return key.valid(Instant.now()) ? Optional.of(key) : Optional.empty();
    }

    private void save() {
        try {
            file.write(List.copyOf(keys.values()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the API keys to " + file.folder() + ": " + e.getMessage(), e);
        }
    }

    private static ApiKey key(KeyFile.Stored stored) {
        return new ApiKey(stored.id(), stored.name(), stored.roles(), stored.created(), stored.expires(), stored.revoked());
    }

    private static String randomId() {
        StringBuilder id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
