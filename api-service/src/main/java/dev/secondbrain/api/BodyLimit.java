package dev.secondbrain.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses bodies over {@code pipeline.api.max-body-size}: a declared length is answered 413 before
 * reading; an undeclared (chunked) body is cut off at the limit, which the JSON reader reports as 400.
 */
@Component
class BodyLimit extends OncePerRequestFilter {

    private static final String TOO_LARGE = """
            {"type":"about:blank","title":"Content Too Large","status":413,"detail":"The request body is too large."}""";

    private final long max;

    BodyLimit(ApiSettings settings) {
        this.max = settings.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > max) {
            response.setStatus(413);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader("Connection", "close");
            response.getWriter().write(TOO_LARGE);
            return;
        }
        chain.doFilter(new Capped(request, max), response);
    }

    private static final class Capped extends HttpServletRequestWrapper {

        private final long max;

        Capped(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            var in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > max) {
                        throw new IOException("request body over the limit");
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0 && (read += n) > max) {
                        throw new IOException("request body over the limit");
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
