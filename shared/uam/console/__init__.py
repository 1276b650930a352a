"""The web console: static pages (HTML, CSS, JavaScript modules) the API function serves at
/console, and the Content-Security-Policy they are served with. No build step, no templates."""
