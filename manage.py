#!/usr/bin/env python
"""Django's command-line utility for physio."""

import getpass
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "physio.settings")
    import pghistory
    from django.core.management import execute_from_command_line

    # Changes a command makes (a shell session, a data fix, a migration) carry its name
    # and the operating-system user in the change trail, as requests carry their user.
    command = " ".join(["manage.py", *sys.argv[1:2]])
    with pghistory.context(command=command, os_user=getpass.getuser()):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
