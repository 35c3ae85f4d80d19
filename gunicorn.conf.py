"""gunicorn settings, read automatically from the working directory (the Dockerfile's and compose's
`gunicorn alleydistricts.wsgi:application ...` run from the repository root).

gunicorn answers an over-long request line itself, in English ("414 Request-URI Too Long"),
before Django can say anything. Search boxes carry maxlength=100 (core.search) and Django
refuses longer queries in Korean; these limits leave room for that (100 Korean characters
are 900 bytes once percent-encoded, plus the filters) so a person never meets gunicorn's page.
Command-line options (--bind, --workers, --timeout) still override what is set here.
"""

limit_request_line = 8190  # gunicorn's maximum; its default is 4094
limit_request_fields = 100  # headers per request (the default)
limit_request_field_size = 8190  # bytes per header (the default): session and CSRF cookies fit
