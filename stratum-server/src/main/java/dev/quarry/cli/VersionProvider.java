package dev.quarry.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest (falls back to "development" when run from classes). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = QuarryMain.class.getPackage().getImplementationVersion();
        return new String[] {"quarry " + (v == null ? "development build" : v)};
    }
}
