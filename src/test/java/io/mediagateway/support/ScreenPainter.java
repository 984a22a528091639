package io.mediagateway.support;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Window;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Paints a whole X display one colour: a tiny X client (an undecorated AWT window over the screen) in a child JVM,
 * so the test JVM stays headless. Each line written to it ("RRGGBB") changes the colour. Closing it kills it.
 */
public final class ScreenPainter implements AutoCloseable {

    private final Process process;
    private final OutputStream commands;

    private ScreenPainter(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
    }

    /** Starts the painter on {@code display} with {@code rgb} (e.g. 0x00c000) and waits until it painted. */
    public static ScreenPainter start(String display, int rgb) throws IOException, InterruptedException {
        String colour = rgb < 0 ? "-" + Integer.toHexString(-rgb) : String.format("%06x", rgb);
        Path home = Path.of(System.getProperty("java.home"));
        if (!java.nio.file.Files.exists(home.resolve("lib/libawt_xawt.so"))) {
            SystemTools.requireBinaries("openjdk-17-jre (AWT for X clients; the -headless JRE lacks it)",
                    home.resolve("lib/libawt_xawt.so").toString());
        }
        String java = home.resolve("bin/java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Djava.awt.headless=false", "-cp",
                System.getProperty("java.class.path"), ScreenPainter.class.getName(), colour))
                .redirectErrorStream(true);
        builder.environment().put("DISPLAY", display);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"painted".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("screen painter failed on " + display + ": " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // exited
            }
        }, "screen-painter-output");
        drain.setDaemon(true);
        drain.start();
        return new ScreenPainter(process);
    }

    public void paint(int rgb) throws IOException {
        commands.write((String.format("%06x", rgb) + "\n").getBytes(StandardCharsets.US_ASCII));
        commands.flush();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts a painter that animates the whole display at about {@code fps} (moving coloured bars and blocks), so
     * encoders see changing pictures, as with a real desktop (benchmarks).
     */
    public static ScreenPainter animated(String display, int fps) throws IOException, InterruptedException {
        return start(display, -fps);
    }

    /** The child: a window covering the screen, repainted on each colour read from stdin (or animated). */
    public static void main(String[] args) throws Exception {
        Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice()
                .getDefaultConfiguration().getBounds();
        Window window = args[0].startsWith("-") ? animation(Integer.parseInt(args[0].substring(1), 16)) : new Window(null);
        window.setBounds(screen);
        if (!args[0].startsWith("-")) {
            window.setBackground(new Color(Integer.parseInt(args[0], 16)));
        }
        window.setVisible(true);
        window.toFront();
        Thread.sleep(Duration.ofMillis(300).toMillis());
        System.out.println("painted");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            Color colour = new Color(Integer.parseInt(line.trim(), 16));
            // painted now and flushed to the X server: repaint() alone waits for the AWT toolkit's next flush, which
            // took 70-400 ms on a busy machine (benchmarks time colour changes from here)
            java.awt.EventQueue.invokeAndWait(() -> {
                window.setBackground(colour);
                java.awt.Graphics g = window.getGraphics();
                if (g != null) {
                    g.setColor(colour);
                    g.fillRect(0, 0, window.getWidth(), window.getHeight());
                    g.dispose();
                }
                java.awt.Toolkit.getDefaultToolkit().sync();
            });
        }
        System.exit(0);
    }

    private static Window animation(int fps) {
        long[] frame = {0};
        Window window = new Window(null) {
            @Override
            public void paint(java.awt.Graphics g) {
                int w = getWidth();
                int h = getHeight();
                long n = frame[0];
                for (int i = 0; i < 16; i++) {
                    g.setColor(Color.getHSBColor(((n + i * 7) % 97) / 97f, 0.8f, 0.9f));
                    g.fillRect((int) ((i * w / 16 + n * 8) % w), 0, w / 16 + 1, h);
                }
                java.util.Random random = new java.util.Random(n);
                for (int i = 0; i < 40; i++) {
                    g.setColor(new Color(random.nextInt(0xffffff)));
                    g.fillRect(random.nextInt(w), random.nextInt(h), 20 + random.nextInt(120), 20 + random.nextInt(80));
                }
            }
        };
        javax.swing.Timer timer = new javax.swing.Timer(1000 / Math.max(1, fps), e -> {
            frame[0]++;
            window.repaint();
        });
        timer.start();
        return window;
    }
}
