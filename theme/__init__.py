"""The site's shell: the home page, base templates, static assets and the Thai web font."""
