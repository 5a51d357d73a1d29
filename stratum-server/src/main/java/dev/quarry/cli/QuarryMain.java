package dev.quarry.cli;

import picocli.CommandLine;

/** Entry point of quarry.jar: {@code quarry [run options]} starts the pool; subcommands do the rest. */
public final class QuarryMain {

    private QuarryMain() {
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) System.exit(code);
    }

    /** The whole command tree; tests execute it in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RunCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
