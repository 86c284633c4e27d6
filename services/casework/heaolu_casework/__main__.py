from heaolu_casework.main import commands
from heaolu_shared.cli import main

main(commands)
