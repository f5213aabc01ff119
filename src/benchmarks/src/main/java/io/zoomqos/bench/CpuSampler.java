package io.zoomqos.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where a 2-core machine's CPU goes during a bench phase: every second the CPU time of this JVM
 * (the collector under test), of every {@code postgres} process, and of the whole machine
 * ({@code /proc/stat}), so a phase can be charged per event to each. Linux only; elsewhere the
 * PostgreSQL and machine figures read 0. Clock ticks are taken as 10 ms ({@code CLK_TCK} 100, the
 * Linux default).
 */
final class CpuSampler implements AutoCloseable {

    /** CPU used between two samples, in ms, and the machine's busy share in that time. */
    record Usage(double jvmMs, double postgresMs, double machineBusy) {
    }

    private record Sample(long atMillis, long jvmNanos, long postgresTicks, long busyTicks, long totalTicks) {
    }

    private static final long TICK_MS = 10;

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cpu-sampler");
        t.setDaemon(true);
        return t;
    });

    CpuSampler() {
        timer.scheduleAtFixedRate(() -> samples.add(sample()), 0, 1, TimeUnit.SECONDS);
    }

    /** Usage between the samples nearest to {@code fromMillis} and {@code toMillis} (epoch ms). */
    Usage between(long fromMillis, long toMillis) {
        Sample a = nearest(fromMillis);
        Sample b = nearest(toMillis);
        if (a == null || b == null || b.totalTicks == a.totalTicks) {
            return new Usage(0, 0, 0);
        }
        return new Usage((b.jvmNanos - a.jvmNanos) / 1e6, (b.postgresTicks - a.postgresTicks) * (double) TICK_MS,
                (b.busyTicks - a.busyTicks) / (double) (b.totalTicks - a.totalTicks));
    }

    private Sample nearest(long atMillis) {
        Sample best = null;
        for (Sample s : samples) {
            if (best == null || Math.abs(s.atMillis - atMillis) < Math.abs(best.atMillis - atMillis)) {
                best = s;
            }
        }
        return best;
    }

    private static Sample sample() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long[] machine = machineTicks();
        return new Sample(System.currentTimeMillis(), jvm, postgresTicks(), machine[0], machine[1]);
    }

    /** utime + stime of every process named postgres (the server and its backends). */
    private static long postgresTicks() {
        long sum = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (IOException | RuntimeException gone) {
                    // the process ended between listing and reading
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /** {busy, total} ticks of all CPUs since boot. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle, iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
