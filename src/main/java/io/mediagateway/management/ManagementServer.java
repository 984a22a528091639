package io.mediagateway.management;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.mediagateway.config.GatewayProperties;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The management port: Hawtio's console and its Jolokia agent (JMX over HTTP), in an embedded Tomcat of their own.
 * Hawtio is a servlet web application and the gateway's HTTP is Vert.x, so it gets its own small container on its own
 * port (loopback by default) rather than a servlet stack on the media port. It starts in the background (the gateway
 * does not wait for the console) and stops after Camel, so the console can watch routes shut down.
 */
public class ManagementServer implements SmartLifecycle {

    public static final String CONTEXT_PATH = "/hawtio";
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    private static final String WAR_RESOURCE = "management/hawtio.war";

    private final GatewayProperties.Management settings;
    private final CompletableFuture<Integer> started = new CompletableFuture<>();
    private volatile Path workDir;
    private volatile Tomcat tomcat;
    private volatile boolean running;

    public ManagementServer(GatewayProperties.Management settings) {
        this.settings = settings;
    }

    /** The bound port once the console is up (completes exceptionally when it could not start). */
    public CompletableFuture<Integer> port() {
        return started;
    }

    /** The console's URL once it is up, e.g. {@code http://127.0.0.1:10002/hawtio/}. */
    public Optional<String> consoleUrl() {
        Integer port = started.isDone() && !started.isCompletedExceptionally() ? started.join() : null;
        return Optional.ofNullable(port).map(p -> "http://" + settings.getHost() + ":" + p + CONTEXT_PATH + "/");
    }

    @Override
    public void start() {
        if (!settings.isEnabled()) {
            started.completeExceptionally(new IllegalStateException("gateway.management.enabled is false"));
            return;
        }
        running = true;
        Thread starter = new Thread(this::startConsole, "management-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startConsole() {
        try {
            boolean authentication = settings.isAuthenticationEnabled() || !isLoopback(settings.getHost());
            // Hawtio reads this from system properties only (ConfigManager); the console is the JVM's one Hawtio
            System.setProperty("hawtio.authenticationEnabled", Boolean.toString(authentication));
            workDir = Files.createTempDirectory("media-gateway-management");
            Path war = unpackWar();
            Tomcat server = new Tomcat();
            server.setBaseDir(workDir.toString());
            Connector connector = new Connector();
            connector.setPort(settings.getPort());
            connector.setProperty("address", settings.getHost());
            server.setConnector(connector);
            server.getHost().setAppBase(Files.createDirectories(workDir.resolve("webapps")).toString());
            // the gateway's class loader, not the system one: in the packaged jar Tomcat lives in BOOT-INF/lib
            ClassLoader parent = ManagementServer.class.getClassLoader();
            server.getEngine().setParentClassLoader(parent);
            Context context = server.addWebapp(CONTEXT_PATH, war.toString());
            context.setParentClassLoader(parent);
            context.addLifecycleListener(ManagementServer::withoutJspServlet);
            // logback-classic (the gateway's logging) ships a servlet initializer that stops logback when the web
            // application stops: the console would silence the gateway's log for the rest of its shutdown
            ((StandardContext) context).setContainerSciFilter("ch\\.qos\\.logback\\..*");
            StandardJarScanner scanner = new StandardJarScanner();
            scanner.setScanClassPath(false); // only the war's own jars; never the gateway's whole classpath
            scanner.setScanManifest(false);
            context.setJarScanner(scanner);
            synchronized (this) {
                if (!running) {
                    return;
                }
                tomcat = server;
                server.start();
            }
            if (!context.getState().isAvailable()) {
                throw new IllegalStateException("the Hawtio web application did not start (state " + context.getState() + ")");
            }
            int port = connector.getLocalPort();
            LOG.info("[management] hawtio console up url=http://{}:{}{}/ jolokia=http://{}:{}{}/jolokia authentication={}",
                    settings.getHost(), port, CONTEXT_PATH, settings.getHost(), port, CONTEXT_PATH, authentication);
            started.complete(port);
        } catch (Exception | LinkageError e) {
            LOG.warn("[management] hawtio console not started port={} error=\"{}\"", settings.getPort(), e.getMessage());
            started.completeExceptionally(e);
        }
    }

    private Path unpackWar() throws IOException {
        Path war = workDir.resolve("hawtio.war");
        try (InputStream in = ManagementServer.class.getClassLoader().getResourceAsStream(WAR_RESOURCE)) {
            if (in == null) {
                throw new IOException(WAR_RESOURCE + " is not on the classpath (build with ./mvnw package)");
            }
            Files.copy(in, war, StandardCopyOption.REPLACE_EXISTING);
        }
        return war;
    }

    /**
     * Tomcat's web application defaults add a JSP servlet, loaded at start-up; Hawtio has no JSP and the gateway no
     * JSP engine, so it only logged a ClassNotFoundException with a stack trace at every start. Runs after the
     * defaults are added (listeners run in the order they were added).
     */
    private static void withoutJspServlet(LifecycleEvent event) {
        if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && event.getLifecycle() instanceof Context context) {
            Container jsp = context.findChild("jsp");
            if (jsp != null) {
                context.removeChild(jsp);
                context.removeServletMapping("*.jsp");
                context.removeServletMapping("*.jspx");
            }
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        Tomcat server = tomcat;
        tomcat = null;
        if (server != null) {
            try {
                server.stop();
                server.destroy();
            } catch (LifecycleException e) {
                LOG.warn("[management] hawtio console stop failed error=\"{}\"", e.getMessage());
            }
        }
        deleteWorkDir();
    }

    private void deleteWorkDir() {
        Path dir = workDir;
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("[management] work dir not removed dir={} error=\"{}\"", dir, e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after Camel (whose phase is higher), so the console outlives the routes it shows. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2000;
    }
}
