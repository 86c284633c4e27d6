from heaolu_audit.main import commands
from heaolu_shared.cli import main

main(commands)
