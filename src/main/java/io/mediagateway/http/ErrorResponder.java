package io.mediagateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any exception a REST route throws into the API's JSON error. {@link ApiException}s carry their own status;
 * anything else is a 500 that is logged with its stack trace (a bug, never the client's fault).
 */
public class ErrorResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final ObjectMapper json;

    public ErrorResponder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String message;
        if (failure instanceof ApiException api) {
            status = api.status();
            message = api.getMessage();
        } else {
            status = 500;
            message = "Internal error while handling " + exchange.getMessage().getHeader(Exchange.HTTP_PATH, "the request")
                    + "; the gateway log has the details.";
            LOG.error("[http] unexpected failure in route {}", exchange.getFromRouteId(), failure);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(new ErrorBody(message)));
    }
}
