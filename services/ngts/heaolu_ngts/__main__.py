from heaolu_ngts.main import commands
from heaolu_shared.cli import main

main(commands)
