package dev.quarry.stratum.share;

/** Which hashing the server's share checks use. */
public enum ShareValidationPath {
    /** What the JVM decided ({@code -Dquarry.native=auto|on|off}, see pow-core's NativeEngine). */
    AUTO,
    /** The Java path, whatever the JVM decided (tests compare both paths in one JVM). */
    JAVA
}
