from heaolu_gateway.main import commands
from heaolu_shared.cli import main

main(commands)
