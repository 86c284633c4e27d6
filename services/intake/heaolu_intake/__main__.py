from heaolu_intake.main import commands
from heaolu_shared.cli import main

main(commands)
