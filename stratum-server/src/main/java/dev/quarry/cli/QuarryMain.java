package dev.quarry.cli;

/** Entry point of quarry.jar (placeholder until the CLI lands). */
public final class QuarryMain {
    public static void main(String[] args) {
        System.out.println("Quarry");
    }
}
