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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Djava.awt.headless=false", "-cp",
                System.getProperty("java.class.path"), ScreenPainter.class.getName(), String.format("%06x", rgb)))
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

    /** The child: a window covering the screen, repainted on each colour read from stdin. */
    public static void main(String[] args) throws Exception {
        Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice()
                .getDefaultConfiguration().getBounds();
        Window window = new Window(null);
        window.setBounds(screen);
        window.setBackground(new Color(Integer.parseInt(args[0], 16)));
        window.setVisible(true);
        window.toFront();
        Thread.sleep(Duration.ofMillis(300).toMillis());
        System.out.println("painted");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            window.setBackground(new Color(Integer.parseInt(line.trim(), 16)));
            window.repaint();
        }
        System.exit(0);
    }
}
