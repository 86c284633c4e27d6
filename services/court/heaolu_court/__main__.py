from heaolu_court.main import commands
from heaolu_shared.cli import main

main(commands)
