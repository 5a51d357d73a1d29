package dev.quarry.cli;

import dev.quarry.config.ConfigKey;
import picocli.CommandLine.Command;

/** {@code quarry config-keys}: every configuration key with its environment variable and default. */
@Command(name = "config-keys", mixinStandardHelpOptions = true,
        description = "List every configuration key, its environment variable and its default.")
public final class ConfigKeysCommand implements Runnable {
    @Override
    public void run() {
        for (ConfigKey k : ConfigKey.values()) {
            System.out.printf("%-32s %-38s default: %-12s %s%n", k.key(), k.envName(),
                    k.defaultValue().isEmpty() ? "(empty)" : k.defaultValue(), k.description());
        }
    }
}
