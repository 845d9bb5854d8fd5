package org.affinity.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.affinity.api.security.ApiKey;
import org.affinity.api.security.ApiKeys;
import org.affinity.api.security.CreatedKey;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** affinity:keys - list, create and revoke API keys. */
@Component(service = KeysCommand.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=keys"})
public class KeysCommand {

    private final ApiKeys keys;

    @Activate
    public KeysCommand(@Reference ApiKeys keys) {
        this.keys = keys;
    }

    @Descriptor("list the API keys (never their secrets)")
    public void keys() {
        List<ApiKey> all = keys.list();
        if (all.isEmpty()) {
            System.out.println("no keys");
        }
        Instant now = Instant.now();
        for (ApiKey key : all) {
            System.out.printf("%-10s %-24s %-22s %s%s%n", key.id(), key.name(), key.roles(), key.valid(now) ? "valid"
                    : key.revoked() != null ? "revoked " + key.revoked() : "expired " + key.expires(),
                    key.expires() != null && key.valid(now) ? ", expires " + key.expires() : "");
        }
    }

    @Descriptor("keys create <name> <roles: admin,ingest,read,metrics> [expires: 30d | 2027-01-31T00:00:00Z]"
            + " | keys revoke <id>")
    public void keys(@Descriptor("create or revoke") String action, @Descriptor("arguments") String... args) {
        switch (action) {
            case "create" -> {
                if (args.length < 2) {
                    throw new IllegalArgumentException("keys create <name> <roles, comma-separated> [expires]");
                }
                Set<String> roles = new LinkedHashSet<>(List.of(args[1].split("\\s*,\\s*")));
                CreatedKey created = keys.create(args[0], roles, args.length > 2 ? expiry(args[2]) : null);
                System.out.println("key " + created.key().id() + " '" + created.key().name() + "' " + created.key().roles()
                        + (created.key().expires() == null ? "" : ", expires " + created.key().expires()));
                System.out.println("token (shown once; send as Authorization: Bearer <token>):");
                System.out.println(created.token());
            }
            case "revoke" -> {
                if (args.length != 1) {
                    throw new IllegalArgumentException("keys revoke <id>");
                }
                if (keys.get(args[0]).isEmpty()) {
                    throw new IllegalArgumentException("no key '" + args[0] + "'");
                }
                System.out.println(keys.revoke(args[0]) ? "revoked " + args[0] : args[0] + " was revoked already");
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "': create or revoke");
        }
    }

    /** "30d", "12h" or an ISO instant. */
    static Instant expiry(String text) {
        try {
            if (text.matches("\\d+[dh]")) {
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                return Instant.now().plus(text.endsWith("d") ? Duration.ofDays(amount) : Duration.ofHours(amount));
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("expiry '" + text + "' is neither like 30d, 12h nor 2027-01-31T00:00:00Z");
        }
    }
}
