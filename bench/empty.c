/* empty.c - the empty C program: the cost of starting any process (bench/run.sh). */
int main(void)
{
	return 0;
}
