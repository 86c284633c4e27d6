from heaolu_reporting.main import commands
from heaolu_shared.cli import main

main(commands)
