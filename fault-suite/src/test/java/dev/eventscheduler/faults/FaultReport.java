package dev.eventscheduler.faults;

/** Prints each scenario's figures in one recognisable line, for the README's reliability section. */
final class FaultReport {

    private FaultReport() {
    }

    static void print(String scenario, Object figures, String extra) {
        System.out.println("FAULT-REPORT | " + scenario + " | " + figures + (extra.isEmpty() ? "" : " | " + extra));
    }
}
